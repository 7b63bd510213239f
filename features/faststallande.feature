# language: sv
@arbetsflöde:nationellt-kunskapsstod @R5 @R5b @R6
Egenskap: Fastställande och lokalt beslut i LPO (R5, R5b, R6)
  När remissen är stängd registrerar NPO beslutet om fastställande: datum och
  beslut. PSVF och nationella vårdprogram fastställs av SKS, ett vård- och
  insatsprogram (VIP) av det NPO som har tagit fram det; arbetsflödet säger vem
  som fastställer vad, och historiken visar det. Versionen blir fastställd, och
  varje LPO ska besluta om införandet medan huvudmännen väntar på sitt LPO. LPO:n beslutar för huvudmännen och
  verksamheterna under sig, med en målnivå för var och en – kunskapsstödets om
  inget annat sägs – och då öppnas GAP-analysen med en svarsdag.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31

  Regel: Fastställandet gäller alla som ska införa (R5)

    Scenario: SKS fastställer och varje huvudman väntar på sitt LPO
      Givet att remissen av "PSVF ADHD" är stängd
      När Nora Lind registrerar att SKS fastställde "PSVF ADHD" den 2027-05-12 med beslut "SKS 2027:7"
      Så är "PSVF ADHD" fastställd den 2027-05-12 med beslut "SKS 2027:7"
      Och står LPO psykisk hälsa Dalarna och LPO psykisk hälsa Värmland i läget "Lokalt beslut ska fattas"
      Och står Region Dalarna, Falun, Elevhälsan Falun, Borlänge och Karlstad i läget "Inväntar lokalt beslut"
      Och står RPO psykisk hälsa Mellansverige och LAG psykisk hälsa vuxna Dalarna i läget "Fastställd"

    Scenario: Det går inte att fastställa innan remissen är stängd
      När Nora Lind försöker registrera att SKS fastställde "PSVF ADHD" den 2027-05-12 med beslut "SKS 2027:7"
      Så nekas steget med ett besked som nämner "Inväntar fastställande"
      Och står Falun kvar i läget "På remiss"

  Regel: Rätt beslutsorgan fastställer varje sorts kunskapsstöd (R5b)

    Scenario: SKS fastställer ett PSVF
      Givet att remissen av "PSVF ADHD" är stängd
      När Nora Lind registrerar att SKS fastställde "PSVF ADHD" den 2027-05-12 med beslut "SKS 2027:7"
      Så är "PSVF ADHD" fastställd den 2027-05-12 med beslut "SKS 2027:7"
      Och visar historiken för NPO psykisk hälsa att kunskapsstödet är fastställt av SKS

    Scenario: NPO fastställer sitt eget vård- och insatsprogram
      Givet att NPO psykisk hälsa har skickat vård- och insatsprogrammet "VIP Skadligt bruk och beroende" på remiss med svar senast 2027-03-31
      Och att remissen av "VIP Skadligt bruk och beroende" är stängd
      När Nora Lind registrerar att NPO psykisk hälsa fastställde "VIP Skadligt bruk och beroende" den 2027-05-12 med beslut "NPO 2027:2"
      Så är "VIP Skadligt bruk och beroende" fastställd den 2027-05-12 med beslut "NPO 2027:2"
      Och visar historiken för NPO psykisk hälsa att kunskapsstödet är fastställt av NPO psykisk hälsa
      Och står LPO psykisk hälsa Dalarna i läget "Lokalt beslut ska fattas"

    Scenario: Ett vård- och insatsprogram fastställs inte av SKS
      Givet att NPO psykisk hälsa har skickat vård- och insatsprogrammet "VIP Skadligt bruk och beroende" på remiss med svar senast 2027-03-31
      Och att remissen av "VIP Skadligt bruk och beroende" är stängd
      När Nora Lind försöker registrera att SKS fastställde "VIP Skadligt bruk och beroende" den 2027-05-12 med beslut "SKS 2027:7"
      Så nekas steget med ett besked som nämner "VIP Skadligt bruk och beroende fastställs av NPO psykisk hälsa, inte av SKS"
      Och står NPO psykisk hälsa kvar i läget "Inväntar fastställande"

    Scenario: Ett PSVF fastställs inte av NPO
      Givet att remissen av "PSVF ADHD" är stängd
      När Nora Lind försöker registrera att NPO psykisk hälsa fastställde "PSVF ADHD" den 2027-05-12 med beslut "NPO 2027:2"
      Så nekas steget med ett besked som nämner "PSVF ADHD fastställs av SKS, inte av NPO psykisk hälsa"
      Och står NPO psykisk hälsa kvar i läget "Inväntar fastställande"

  Regel: LPO beslutar om införande och målnivå för varje huvudman (R6)

    Scenario: LPO beslutar med kunskapsstödets målnivå och en högre för regionen
      Givet att SKS har fastställt "PSVF ADHD" den 2027-05-12
      Och att det är den 2027-06-01
      När Sara Ek registrerar beslutet "LPO 2027:3" för LPO psykisk hälsa Dalarna med målnivå 3 för Region Dalarna
      Så står LPO psykisk hälsa Dalarna i läget "Lokalt beslut fattat"
      Och står Region Dalarna, Falun och Borlänge i läget "GAP-analys pågår"
      Och ska Falun vara klar med GAP-analysen senast 2027-08-25
      Och är målnivån 3 för Region Dalarna och 2 för Falun och Borlänge
      Och står Karlstad kvar i läget "Inväntar lokalt beslut"

    Scenariomall: En målnivå utanför 1–3 går inte att besluta
      Givet att SKS har fastställt "PSVF ADHD" den 2027-05-12
      När Sara Ek försöker registrera beslutet "LPO 2027:3" för LPO psykisk hälsa Dalarna med målnivå <nivå> för Falun
      Så nekas steget med ett besked som nämner "1, 2 eller 3"
      Och står Falun kvar i läget "Inväntar lokalt beslut"

      Exempel:
        | nivå |
        | 0    |
        | 4    |
