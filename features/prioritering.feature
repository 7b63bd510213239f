# language: sv
@arbetsflöde:nationellt-kunskapsstod @R16
Egenskap: Prioritering och paus i länet (R16)
  LPO:n sätter länets prioritet för ett fastställt kunskapsstöd och kan pausa
  det för länet med ett skäl och en dag då pausen ska omprövas. Pausen gäller
  LPO:n och alla under det i länet. Ett pausat steg är inte försenat och
  påminns inte. När arbetet återupptas flyttas varje pausat stegs sista dag
  fram lika många arbetsdagar som pausen varade. Andra län berörs inte.

  Bakgrund:
    Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" med målnivå 3 för Region Dalarna

  Regel: LPO sätter länets prioritet

    Scenario: LPO Dalarna ger kunskapsstödet hög prioritet i länet
      När Sara Ek ger "PSVF ADHD" prioriteten "hög" för LPO psykisk hälsa Dalarna
      Så har "PSVF ADHD" hög prioritet i LPO psykisk hälsa Dalarna
      Och står det "hög prioritet" i historiken för LPO psykisk hälsa Dalarna

    Scenario: En prioritet som inte finns går inte att sätta
      När Sara Ek försöker ge "PSVF ADHD" prioriteten "brådskande" för LPO psykisk hälsa Dalarna
      Så nekas steget med ett besked som nämner "välj hög, normal eller låg"
      Och har "PSVF ADHD" ingen prioritet i LPO psykisk hälsa Dalarna

  Regel: Ett pausat steg är inte försenat

    Scenario: Falun är försenad med GAP-analysen men inte medan länet har pausat
      Givet att det är den 2027-05-10
      Och att Falun är försenad med GAP-analysen
      När Sara Ek pausar "PSVF ADHD" för länet med skälet "Väntar på regional handlingsplan" och omprövning 2027-09-01
      Så finns Falun inte bland de försenade
      Och är Falun pausad sedan 2027-05-10 till omprövning 2027-09-01
      Och finns LPO psykisk hälsa Värmland fortfarande bland de försenade
      Och står det "Väntar på regional handlingsplan" i historiken för Falun

    Scenariomall: En paus behöver ett skäl och en senare dag för omprövning
      Givet att det är den 2027-05-10
      När Sara Ek försöker pausa "PSVF ADHD" för länet med skälet "<skäl>" och omprövning <dag>
      Så nekas steget med ett besked som nämner "<besked>"
      Och är Falun inte pausad

      Exempel:
        | skäl                             | dag        | besked                   |
        |                                  | 2027-09-01 | En paus behöver ett skäl |
        | Väntar på regional handlingsplan | 2027-05-10 | måste ligga efter i dag  |

  Regel: När arbetet återupptas flyttas sista dagen fram med pausens längd

    Scenario: Faluns sista dag flyttas fram lika många arbetsdagar som pausen varade
      Givet att det är den 2027-05-10
      Och att Sara Ek har pausat "PSVF ADHD" för länet med skälet "Väntar på regional handlingsplan" och omprövning 2027-09-01
      Och att det är den 2027-06-07
      När Sara Ek återupptar "PSVF ADHD" för länet
      Så har Faluns sista dag för GAP-analysen flyttats fram 20 arbetsdagar
      Och är Falun inte längre pausad
      Och finns Falun åter bland de försenade, lika många arbetsdagar sent som när pausen började
      Och har LPO psykisk hälsa Värmlands sista dag inte flyttats

  Regel: Bara LPO:ns sekreterare eller ordförande pausar

    Scenariomall: En kommun kan inte pausa kunskapsstödet för länet
      Givet att det är den 2027-05-10
      När Anna Andersson försöker pausa "PSVF ADHD" för <org> med skälet "Vi hinner inte" och omprövning 2027-09-01
      Så nekas steget med ett besked som nämner "<besked>"
      Och är Falun inte pausad
      Och har ingenting nytt skrivits i historiken för Falun

      Exempel:
        | org   | besked                                                                          |
        | länet | får inte ta steget 'Pausa för länet'                                            |
        | Falun | tas för länet av lokalt programområde; Falun är en organisation av typen kommun |
