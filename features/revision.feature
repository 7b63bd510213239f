# language: sv
@arbetsflöde:nationellt-kunskapsstod @R9 @R10
Egenskap: Revision och återkallande av ett kunskapsstöd (R9, R10)
  Ett fastställt kunskapsstöd förvaltas. En ny version skickar varje
  organisation som har passerat GAP-analysen tillbaka till en GAP-analys av den
  nya versionen, med den nivå den redan nått; alla versioner finns kvar i
  historiken. Ett återkallat kunskapsstöd stänger varje öppet ärende, och efter
  det händer ingenting mer.

  Bakgrund:
    Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" med målnivå 3 för Region Dalarna
    Och att Falun har nått nivå 2 och är implementerad
    Och att Rut Dahl har slutfört GAP-analysen för Region Dalarna

  Regel: En ny version skickar tillbaka dem som passerat GAP-analysen (R9)

    Scenario: SKS fastställer version 2
      När Nora Lind reviderar "PSVF ADHD" med motiveringen "Ny evidens om läkemedel"
      Och Nora Lind registrerar att SKS fastställde "PSVF ADHD" den 2027-11-10 med beslut "SKS 2027:19"
      Så är "PSVF ADHD" fastställd i version 2
      Och står Falun och Region Dalarna i läget "GAP-analys av ny version"
      Och är Falun på nivå 2 av 2
      Och står Borlänge kvar i läget "GAP-analys pågår"
      Och visar historiken för Falun steg i både version 1 och version 2

    Scenario: Den som redan nått målnivån är klar igen efter GAP-analysen av den nya versionen
      Givet att SKS har fastställt version 2 av "PSVF ADHD"
      När Anna Andersson slutför GAP-analysen för Falun med rapport "GAP v2" och 1 gap
      Så står Falun i läget "Implementerad"

  Regel: Ett återkallat kunskapsstöd stänger varje öppet ärende (R10)

    Scenario: NPO återkallar kunskapsstödet
      När Nora Lind återkallar "PSVF ADHD" med motiveringen "Ersätts av nationellt vårdprogram"
      Så står varje organisation i läget "Avslutad (återkallad)"
      Och har ingen organisation någon svarsdag kvar

    Scenario: Efter återkallandet går inget steg att ta
      Givet att Nora Lind har återkallat "PSVF ADHD"
      När Rut Dahl försöker registrera att Region Dalarna nått nivå 1
      Så nekas steget med ett besked som nämner "Inga steg kan tas i det här läget"
