# language: sv
@arbetsflöde:nationellt-kunskapsstod @R9 @R10
Egenskap: Revision och återkallande av ett kunskapsstöd (R9, R10)
  Ett fastställt kunskapsstöd förvaltas. En ny version kan gå på remiss som den
  första: ut genom samma kedja med nedtrappade svarsdagar, och de sammanställda
  svaren tillbaka upp, innan den fastställs. En fastställd ny version skickar
  varje organisation som har passerat GAP-analysen tillbaka till en GAP-analys av
  den nya versionen, med den nivå den redan nått; de andra väntar på ett nytt
  lokalt beslut. Alla versioner finns kvar i historiken. Ett återkallat kunskapsstöd stänger varje öppet ärende, och efter
  det händer ingenting mer.

  Bakgrund:
    Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" med målnivå 3 för Region Dalarna
    Och att Falun har nått nivå 2 och är implementerad
    Och att Rut Dahl har slutfört GAP-analysen för Region Dalarna

  Regel: En ny version kan gå på remiss innan den fastställs (R9)

    Scenario: NPO skickar den nya versionen på remiss till samma organisationer
      Givet att det är den 2027-10-01
      När Nora Lind reviderar "PSVF ADHD" och skickar den nya versionen på remiss med svar senast 2027-12-15
      Så står NPO psykisk hälsa, RPO psykisk hälsa Mellansverige och LPO psykisk hälsa Dalarna i läget "På remiss"
      Och står Falun, Region Dalarna, Borlänge, Elevhälsan Falun och Karlstad i läget "På remiss"
      Och ska de svara senast
        | organisation                    | senast     |
        | RPO psykisk hälsa Mellansverige | 2027-12-08 |
        | LPO psykisk hälsa Dalarna       | 2027-11-24 |
        | Falun                           | 2027-11-10 |
        | Elevhälsan Falun                | 2027-11-03 |
      Och är Falun på nivå 2 av 2

    Scenario: En kommun som tillkommit efter den första remissen får också den nya versionen
      Givet att Mora har tillkommit under LPO psykisk hälsa Dalarna
      Och att det är den 2027-10-01
      Och att Nora Lind har skickat en ny version av "PSVF ADHD" på remiss med svar senast 2027-12-15
      När Sara Ek försöker skicka det sammanställda svaret för LPO psykisk hälsa Dalarna
      Så nekas steget med ett besked som nämner "Mora"
      Och har remissen nått Mora

    Scenario: När LPO har sammanställt sitt svar på den nya versionen kan en kommun inte längre svara
      Givet att det är den 2027-10-01
      Och att Nora Lind har skickat en ny version av "PSVF ADHD" på remiss med svar senast 2027-12-15
      Och att Sara Ek har skickat det sammanställda svaret för LPO psykisk hälsa Dalarna utan att alla svarat, med motiveringen "Tiden är ute"
      När Bo Lund försöker "Lämna remissvar" för Borlänge
      Så nekas steget med ett besked som nämner "har redan lämnat sitt samlade remissvar"
      Och står Borlänge kvar i läget "På remiss"

    Scenario: NPO:s sammanställda svar stänger remissen av den nya versionen
      Givet att det är den 2027-10-01
      Och att Nora Lind har skickat en ny version av "PSVF ADHD" på remiss med svar senast 2027-12-15
      Och att remissen av "PSVF ADHD" har sammanställts hela vägen upp till RPO
      När Nora Lind skickar det sammanställda svaret för NPO psykisk hälsa
      Så står NPO psykisk hälsa, Falun och Region Dalarna i läget "Inväntar fastställande"

    Scenario: Efter remissen fastställs den nya versionen och de som passerat GAP-analysen behåller sin nivå
      Givet att det är den 2027-10-01
      Och att Nora Lind har skickat en ny version av "PSVF ADHD" på remiss med svar senast 2027-12-15
      Och att remissen av "PSVF ADHD" är stängd
      När Nora Lind registrerar att SKS fastställde "PSVF ADHD" den 2028-01-20 med beslut "SKS 2028:2"
      Så är "PSVF ADHD" fastställd i version 2
      Och står Falun och Region Dalarna i läget "GAP-analys av ny version"
      Och är Falun på nivå 2 av 2
      Och står Borlänge och Karlstad i läget "Inväntar lokalt beslut"
      Och står LPO psykisk hälsa Dalarna och LPO psykisk hälsa Värmland i läget "Lokalt beslut ska fattas"
      Och visar historiken för Falun steg i både version 1 och version 2

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
