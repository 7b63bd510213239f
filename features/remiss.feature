# language: sv
@arbetsflöde:nationellt-kunskapsstod @R1 @R2
Egenskap: Remissen når hela kedjan, med svarsdagar som trappas ner (R1, R2)
  När NPO skickar ett kunskapsstöd på remiss ska det nå varje RPO, varje LPO under
  dem och de arbetsgrupper, huvudmän och verksamheter som arbetsflödet tar med.
  Varje nivå ska svara ett antal arbetsdagar före nivån ovanför, så att den hinner
  sammanställa. Helger och helgdagar räknas inte, och ingen svarsdag hamnar på en
  dag då ingen arbetar.

  Bakgrund:
    Givet att NPO psykisk hälsa har tagit fram "PSVF ADHD"

  Regel: Remissen når alla som arbetsflödet tar med (R1)

    Scenario: Varje RPO, LPO, LAG, huvudman och verksamhet i kedjan får remissen
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-03-31
      Så har remissen nått
        | organisation                    |
        | RPO psykisk hälsa Mellansverige |
        | LPO psykisk hälsa Dalarna       |
        | LAG psykisk hälsa vuxna Dalarna |
        | Region Dalarna                  |
        | Falun                           |
        | Elevhälsan Falun                |
        | Borlänge                        |
        | LPO psykisk hälsa Värmland      |
        | Karlstad                        |
      Och har remissen inte nått Länschefsnätverket Dalarna

  Regel: Svarsdagarna trappas ner i arbetsdagar (R2)

    Scenario: Varje nivå svarar före nivån ovanför, och påsken räknas inte
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-03-31
      Så ska de svara senast
        | organisation                    | svarsdag   |
        | NPO psykisk hälsa               | 2027-03-31 |
        | RPO psykisk hälsa Mellansverige | 2027-03-22 |
        | LPO psykisk hälsa Dalarna       | 2027-03-08 |
        | LAG psykisk hälsa vuxna Dalarna | 2027-02-22 |
        | Falun                           | 2027-02-22 |
        | Elevhälsan Falun                | 2027-02-15 |

    Scenario: Midsommarafton och nationaldagen hoppas över
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-06-28
      Så ska de svara senast
        | organisation                    | svarsdag   |
        | RPO psykisk hälsa Mellansverige | 2027-06-18 |
        | LPO psykisk hälsa Dalarna       | 2027-06-04 |
      Och infaller ingen svarsdag på en lördag, en söndag eller en helgdag

    Scenariomall: En svarsdag som inte är en arbetsdag går inte att välja
      När NPO psykisk hälsa försöker skicka "PSVF ADHD" på remiss med svar senast <dag>
      Så nekas det med ett besked som nämner "<skäl>"
      Och har remissen inte nått någon

      Exempel:
        | dag        | skäl            |
        | 2027-06-25 | midsommarafton  |
        | 2027-01-06 | trettondedag jul |
        | 2027-12-24 | julafton        |
