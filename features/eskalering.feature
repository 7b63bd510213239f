# language: sv
@arbetsflöde:nationellt-kunskapsstod @R11
Egenskap: Förseningar påminns om och eskaleras uppåt i kedjan (R11)
  Varje steg med en svarsdag har en trappa: en påminnelse några arbetsdagar före
  svarsdagen, ett besked på dagen, och om steget blir försenat går det till den
  som svarar för organisationen ovanför – och efter ännu några arbetsdagar till
  nivån över den. Varje trappsteg skickas högst en gång per steg, och när steget
  är klart tar trappan slut. Helger och helgdagar räknas inte.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31

  Regel: Trappan går i ordning och når rätt person

    Scenariomall: Borlänge ska svara senast 2027-02-22: vem som får vad, och när
      När det blir <dag> och påminnelserna går ut
      Så får <person> <vad> om Borlänge

      Exempel:
        | dag        | person    | vad                        |
        | 2027-02-15 | Bo Lund   | en påminnelse              |
        | 2027-02-22 | Bo Lund   | ett besked om sista dagen  |
        | 2027-02-25 | Sara Ek   | en eskalering              |
        | 2027-03-08 | Rolf Berg | en eskalering              |

    Scenario: Ingenting eskaleras i förtid
      När det blir 2027-02-24 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      Och får Rolf Berg ingenting om Borlänge

  Regel: Varje trappsteg skickas en gång

    Scenario: Påminnelserna går ut två gånger samma dag
      När det blir 2027-02-15 och påminnelserna går ut
      Och påminnelserna går ut igen samma dag
      Så har Bo Lund fått exakt en påminnelse om Borlänge

  Regel: Ett klart steg stoppar trappan

    Scenario: Borlänge svarar efter sista dagen men före eskaleringen
      Givet att det är den 2027-02-23
      Och att Bo Lund har lämnat remissvar för Borlänge
      När det blir 2027-02-25 och påminnelserna går ut
      Och det blir 2027-03-08 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      Och får Rolf Berg ingenting om Borlänge

  Regel: Helgdagar räknas inte

    Scenario: Påsken skjuter upp eskaleringen
      Givet att NPO psykisk hälsa har skickat "PSVF Självskada" på remiss med svar senast 2027-04-30
      När det blir 2027-03-30 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      När det blir 2027-03-31 och påminnelserna går ut
      Så får Sara Ek en eskalering om Borlänge
