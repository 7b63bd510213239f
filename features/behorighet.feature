# language: sv
@arbetsflöde:nationellt-kunskapsstod @R13
Egenskap: Bara den som har rätt roll får ta ett steg (R13)
  Varje steg i arbetsflödet säger vilka roller som får ta det, och för vilka
  organisationer. En kommuns kontaktperson svarar för sin kommun; LPO:ns
  sekreterare kan registrera svar för organisationerna under sitt LPO; ett
  lokalt beslut fattas av det LPO:ns sekreterare eller ordförande. Den som
  nekas får veta vilken roll som krävs, och ingenting ändras.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31

  Regel: Remissvar ges av den som svarar för organisationen, eller av dess LPO

    Scenariomall: Vem får lämna remissvar för Borlänge
      När <person> försöker "Lämna remissvar" för Borlänge
      Så <utfall>

      Exempel:
        | person         | utfall                                          |
        | Bo Lund        | står Borlänge i läget "Remissvar lämnat"        |
        | Sara Ek        | står Borlänge i läget "Remissvar lämnat"        |
        | Anna Andersson | nekas steget med ett besked som nämner "kontaktperson vid Borlänge" |
        | Vera Holm      | nekas steget med ett besked som nämner "kontaktperson vid Borlänge" |
        | Nora Lind      | nekas steget med ett besked som nämner "kontaktperson vid Borlänge" |

  Regel: Ett lokalt beslut fattas av just det LPO:ns sekreterare eller ordförande

    Scenariomall: Vem får fatta beslut för LPO psykisk hälsa Dalarna
      Givet att SKS har fastställt "PSVF ADHD" den 2027-05-12
      När <person> försöker "Fatta lokalt beslut" för LPO psykisk hälsa Dalarna
      Så <utfall>

      Exempel:
        | person    | utfall                                                            |
        | Sara Ek   | står LPO psykisk hälsa Dalarna i läget "Lokalt beslut fattat"     |
        | Olof Ek   | står LPO psykisk hälsa Dalarna i läget "Lokalt beslut fattat"     |
        | Vera Holm | nekas steget med ett besked som nämner "sekreterare vid LPO psykisk hälsa Dalarna" |
        | Bo Lund   | nekas steget med ett besked som nämner "ordförande vid LPO psykisk hälsa Dalarna" |

    Scenario: Den som nekas ändrar ingenting
      Givet att SKS har fastställt "PSVF ADHD" den 2027-05-12
      När Vera Holm försöker "Fatta lokalt beslut" för LPO psykisk hälsa Dalarna
      Så nekas steget med ett besked som nämner "Vera Holm"
      Och står LPO psykisk hälsa Dalarna kvar i läget "Lokalt beslut ska fattas"
      Och har ingenting nytt skrivits i historiken för LPO psykisk hälsa Dalarna
