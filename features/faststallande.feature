# language: sv
@arbetsflöde:nationellt-kunskapsstod @R5 @R6
Egenskap: Fastställande i SKS och lokalt beslut i LPO (R5, R6)
  När remissen är stängd registrerar NPO beslutet från SKS: datum och beslut.
  Versionen blir fastställd, och varje LPO ska besluta om införandet medan
  huvudmännen väntar på sitt LPO. LPO:t beslutar för huvudmännen och
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
