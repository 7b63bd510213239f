# language: sv
@arbetsflöde:nationellt-kunskapsstod @R6
Egenskap: Lokalt beslut i länets beslutsorgan (R6)
  Det lokala beslutet om ett fastställt kunskapsstöd fattas i de forum där
  länets region och kommuner beslutar: i Dalarna Länschefsnätverket för
  kommunerna och en länsgemensam ledningsgrupp för region och kommuner, i
  Östergötland Ledningsgrupp Vård och Omsorg (LGVO) för alla. LPO:ns sekreterare
  för in beslutet: vilket forum som beslutade, forumets protokoll, och för vilka
  huvudmän – alla som väntar, eller några av dem. Ett forum kan bara besluta för
  de huvudmän det beslutar för. GAP-analysen öppnas för dem beslutet gäller, och
  LPO:ns steg är klart först när ingen huvudman längre väntar; till dess står
  det kvar med sin sista dag och påminnelserna fortsätter.

  Bakgrund:
    Givet att Östergötland finns med LPO psykisk hälsa Östergötland, Region Östergötland, Linköping och Norrköping, där Ledningsgrupp Vård och Omsorg (LGVO) beslutar för region och kommuner
    Och att "PSVF ADHD" är fastställd och länen ska fatta sina lokala beslut
    Och att det är den 2027-06-01

  Regel: Forumet beslutar för alla som väntar, eller för några av dem

    Scenario: Länschefsnätverket beslutar för Dalarnas kommuner och regionen väntar kvar
      När Sara Ek för in att Länschefsnätverket Dalarna beslutade "Länschefsnätverket 2027-05-28 §4" för Falun och Borlänge
      Så står Falun, Elevhälsan Falun och Borlänge i läget "GAP-analys pågår"
      Och visar historiken för Falun att GAP-analysen öppnades efter beslut i Länschefsnätverket Dalarna, "Länschefsnätverket 2027-05-28 §4"
      Och står Region Dalarna kvar i läget "Inväntar lokalt beslut"
      Och står LPO psykisk hälsa Dalarna kvar i läget "Lokalt beslut ska fattas"
      Och ska LPO psykisk hälsa Dalarna fortfarande ha fattat beslutet senast 2027-03-31, och är därmed sen med det

    Scenario: LGVO beslutar för alla huvudmän i Östergötland med kunskapsstödets målnivå
      När Ulla Ström för in att LGVO beslutade "LGVO 2027-05-20 §7" för alla som väntar
      Så står Region Östergötland, Linköping och Norrköping i läget "GAP-analys pågår"
      Och står LPO psykisk hälsa Östergötland i läget "Lokalt beslut fattat"
      Och säger beslutet att Region Östergötland, Linköping och Norrköping fick kunskapsstödets standard, målnivå 2
      Och visar historiken för Linköping att GAP-analysen öppnades efter beslut i Ledningsgrupp Vård och Omsorg (LGVO) Östergötland, "LGVO 2027-05-20 §7"

    Scenario: När också regionen har fått sitt beslut är LPO:ns steg klart
      Givet att Sara Ek har fört in att Länschefsnätverket Dalarna beslutade "Länschefsnätverket 2027-05-28 §4" för Falun och Borlänge
      När Sara Ek för in att Länsgemensam ledningsgrupp Dalarna beslutade "Ledningsgruppen 2027-05-31 §2" för alla som väntar
      Så står Region Dalarna i läget "GAP-analys pågår"
      Och står LPO psykisk hälsa Dalarna i läget "Lokalt beslut fattat"
      Och visar historiken för Falun ett enda lokalt beslut, det från Länschefsnätverket Dalarna

  Regel: Ett forum beslutar bara för de huvudmän det beslutar för

    Scenario: Länschefsnätverket beslutar inte för Region Dalarna
      När Sara Ek försöker föra in att Länschefsnätverket Dalarna beslutade "Länschefsnätverket 2027-05-28 §4" för alla som väntar
      Så nekas steget med ett besked som nämner "Länschefsnätverket Dalarna fattar inte beslut för Region Dalarna; ange ett beslutsorgan som gör det."
      Och står Region Dalarna, Falun och Borlänge kvar i läget "Inväntar lokalt beslut"
      Och står LPO psykisk hälsa Dalarna kvar i läget "Lokalt beslut ska fattas"

    Scenario: Ett beslut kan inte gälla en huvudman som redan har fått sitt
      Givet att Sara Ek har fört in att Länschefsnätverket Dalarna beslutade "Länschefsnätverket 2027-05-28 §4" för Falun och Borlänge
      När Sara Ek försöker föra in att Länsgemensam ledningsgrupp Dalarna beslutade "Ledningsgruppen 2027-05-31 §2" för Region Dalarna och Falun
      Så nekas steget med ett besked som nämner "Falun väntar inte på något lokalt beslut"
      Och står Region Dalarna kvar i läget "Inväntar lokalt beslut"
