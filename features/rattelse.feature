# language: sv
@arbetsflöde:nationellt-kunskapsstod @R6 @R17
Egenskap: Beslut som säger vad de gav, och rättelser som står kvar i historiken (R6, R17)
  När LPO:ns lokala beslut registreras säger det vilken målnivå varje huvudman
  fick; anges ingen målnivå får alla kunskapsstödets standard, och det sägs.
  Blev ett steg fel – fel målnivå, fel diarienummer, ett svar registrerat för
  fel kommun – rättas det av de roller som arbetsflödet anger, och alltid med
  ett skäl. Rättelsen blir en egen rad i historiken och den ursprungliga raden
  står kvar. En rättelse kan inte föra ärendet till ett läge som arbetsflödet
  inte tillåter, och en nekad rättelse ändrar ingenting.

  Regel: Ett lokalt beslut säger vilka målnivåer det gav (R6)

    Scenario: Ett beslut utan målnivåer ger alla kunskapsstödets standard och säger det
      Givet att SKS har fastställt "PSVF ADHD" efter remissen
      När Sara Ek registrerar beslutet "LPO 2027:3" för LPO psykisk hälsa Dalarna utan målnivåer
      Så säger beslutet att alla 4 huvudmän och verksamheter fick målnivå 2, kunskapsstödets standard
      Och är målnivån 2 för Region Dalarna, Falun och Borlänge
      Och visar historiken för Falun att beslutet gav målnivå 2

  Regel: Ett fel steg rättas med ett skäl, och båda raderna står kvar (R17)

    Bakgrund:
      Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" utan målnivåer

    Scenario: Sekreteraren rättar en målnivå i beslutet
      När Sara Ek rättar beslutet för LPO psykisk hälsa Dalarna så att Falun får målnivå 3, med skälet "Länschefsnätverket beslutade nivå 3 för Falun"
      Så är målnivån 3 för Falun och 2 för Region Dalarna och Borlänge
      Och står LPO psykisk hälsa Dalarna i läget "Lokalt beslut fattat"
      Och visar historiken för LPO psykisk hälsa Dalarna först beslutet och sedan rättelsen med skälet "Länschefsnätverket beslutade nivå 3 för Falun"
      Och visar historiken för Falun att rättelsen gav målnivå 3
      Och håller historiken för granskning

    Scenario: Ordföranden rättar diarienumret
      När Olof Ek rättar beslutet för LPO psykisk hälsa Dalarna till diarienumret "LPO 2027:4", med skälet "Fel diarienummer i protokollet"
      Så visar historiken för LPO psykisk hälsa Dalarna först beslutet och sedan rättelsen med skälet "Fel diarienummer i protokollet"
      Och gäller diarienumret "LPO 2027:4" efter rättelsen
      Och är målnivån 2 för Region Dalarna, Falun och Borlänge

    Scenario: Utan skäl rättas ingenting
      När Sara Ek försöker rätta beslutet för LPO psykisk hälsa Dalarna så att Falun får målnivå 3, utan skäl
      Så nekas det med ett besked som nämner "skäl"
      Och har ingenting nytt skrivits i historiken för LPO psykisk hälsa Dalarna
      Och är målnivån 2 för Falun

    Scenario: Den som inte har en roll för rättelser nekas
      När Anna Andersson försöker rätta beslutet för LPO psykisk hälsa Dalarna så att Falun får målnivå 3, med skälet "Vi vill nå längre"
      Så nekas det med ett besked som nämner "sekreterare vid LPO psykisk hälsa Dalarna"
      Och har ingenting nytt skrivits i historiken för LPO psykisk hälsa Dalarna
      Och är målnivån 2 för Falun

    Scenario: Ett beslut kan inte rättas tillbaka till ett läge arbetsflödet inte tillåter
      När Sara Ek försöker rätta beslutet för LPO psykisk hälsa Dalarna tillbaka till läget "Inväntar fastställande", med skälet "Beslutet gällde ett annat kunskapsstöd"
      Så nekas det med ett besked som nämner "inte till 'Inväntar fastställande'"
      Och står LPO psykisk hälsa Dalarna kvar i läget "Lokalt beslut fattat"
      Och har ingenting nytt skrivits i historiken för LPO psykisk hälsa Dalarna

  Regel: Ett svar som registrerades för fel kommun tas tillbaka (R17)

    Scenario: Sekreteraren tar tillbaka ett remissvar som gällde en annan kommun
      Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
      Och att Sara Ek har lämnat remissvar för Borlänge
      När Sara Ek tar tillbaka svaret för Borlänge med skälet "Svaret gällde Falun"
      Så står Borlänge i läget "På remiss"
      Och visar historiken för Borlänge först svaret och sedan rättelsen med skälet "Svaret gällde Falun"
      Och håller historiken för granskning
