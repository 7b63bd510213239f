# language: sv
@arbetsflöde:nationellt-kunskapsstod @R11
Egenskap: Förseningar påminns om och eskaleras till dem som trappan namnger (R11)
  Varje steg med en svarsdag har en trappa: en påminnelse några arbetsdagar före
  svarsdagen och ett besked på dagen till den som svarar för organisationen, och
  om steget blir försenat en eskalering till dem som arbetsflödet namnger för
  trappsteget – för en kommun LPO:ns sekreterare och sedan LPO:ns ordförande.
  RPO och NPO påminns om sina egna steg, inte som chefer för dem under.
  Varje trappsteg skickas högst en gång per steg, och när steget är klart tar
  trappan slut. Har påminnelserna inte gått ut på länge får den försenade
  organisationen först veta själv, sedan går det högsta trappsteget ut och de
  däremellan noteras som överhoppade. Ett pausat steg jagas inte. Helger och
  helgdagar räknas inte.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31

  Regel: Trappan går i ordning och når den roll som trappsteget namnger

    Scenariomall: Borlänge ska svara senast 2027-02-22: vem som får vad, och när
      När det blir <dag> och påminnelserna går ut
      Så får <person> <vad> om Borlänge

      Exempel:
        | dag        | person  | vad                                     |
        | 2027-02-15 | Bo Lund | en påminnelse                           |
        | 2027-02-22 | Bo Lund | ett besked om sista dagen               |
        | 2027-02-25 | Sara Ek | en eskalering som sekreterare i LPO:n   |
        | 2027-03-08 | Olof Ek | en eskalering som ordförande i LPO:n    |

    Scenario: Ingenting eskaleras i förtid
      När det blir 2027-02-24 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      Och får Olof Ek ingenting om Borlänge

    Scenario: Den andra eskaleringen går till LPO:ns ordförande, inte till RPO
      När det blir 2027-03-08 och påminnelserna går ut
      Så får Olof Ek en eskalering som ordförande i LPO:n om Borlänge
      Och får Rolf Berg ingenting om Borlänge

  Regel: RPO och LPO påminns om sina egna sammanställda svar

    Scenario: RPO påminns om sitt sammanställda svar och dess ordförande får eskaleringen
      Givet att Rita Borg är ordförande i RPO psykisk hälsa Mellansverige
      När det blir 2027-03-15 och påminnelserna går ut
      Så får Rolf Berg en påminnelse om RPO psykisk hälsa Mellansverige
      När det blir 2027-03-25 och påminnelserna går ut
      Så får Rita Borg en eskalering som ordförande i RPO:n om RPO psykisk hälsa Mellansverige
      Och får Nora Lind ingenting om RPO psykisk hälsa Mellansverige

    Scenario: LPO:ns eget svar eskaleras till dess ordförande, inte till RPO
      När det blir 2027-03-11 och påminnelserna går ut
      Så får Olof Ek en eskalering som ordförande i LPO:n om LPO psykisk hälsa Dalarna
      Och får Rolf Berg ingenting om LPO psykisk hälsa Dalarna

  Regel: Varje trappsteg skickas en gång

    Scenario: Påminnelserna går ut två gånger samma dag
      När det blir 2027-02-15 och påminnelserna går ut
      Och påminnelserna går ut igen samma dag
      Så har Bo Lund fått exakt en påminnelse om Borlänge

  Regel: Efter ett långt uppehåll får den försenade först veta själv och överhoppade trappsteg noteras

    Scenario: Påminnelserna går ut för första gången när Borlänge är tio arbetsdagar sen
      När det blir 2027-03-08 och påminnelserna går ut
      Så får Bo Lund ett besked om att svaret är försenat om Borlänge
      Och får Olof Ek en eskalering som ordförande i LPO:n om Borlänge
      Och får Sara Ek ingenting om Borlänge
      Och är påminnelsen och den första eskaleringen om Borlänge noterade som överhoppade

    Scenario: Efter uppehållet skickas ingenting två gånger
      När det blir 2027-03-08 och påminnelserna går ut
      Och påminnelserna går ut igen samma dag
      Så har Bo Lund fått exakt ett besked om att svaret är försenat om Borlänge
      Och har Olof Ek fått exakt en eskalering om Borlänge

    Scenario: Den som redan påmints får inget nytt besked efter uppehållet
      När det blir 2027-02-15 och påminnelserna går ut
      Och det blir 2027-03-08 och påminnelserna går ut
      Så har Bo Lund fått exakt en påminnelse om Borlänge
      Och får Bo Lund inget besked om att svaret är försenat om Borlänge
      Och får Olof Ek en eskalering som ordförande i LPO:n om Borlänge

  Regel: Ett klart steg stoppar trappan

    Scenario: Borlänge svarar efter sista dagen men före eskaleringen
      Givet att det är den 2027-02-23
      Och att Bo Lund har lämnat remissvar för Borlänge
      När det blir 2027-02-25 och påminnelserna går ut
      Och det blir 2027-03-08 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      Och får Olof Ek ingenting om Borlänge

  Regel: Ett pausat steg jagas inte

    Scenario: LPO Dalarna har pausat kunskapsstödet för länet
      Givet att LPO psykisk hälsa Dalarna har pausat "PSVF ADHD" för länet den 2027-02-10
      När det blir 2027-03-08 och påminnelserna går ut
      Så får Bo Lund ingenting om Borlänge
      Och får Sara Ek ingenting om Borlänge
      Och får Olof Ek ingenting om Borlänge

  Regel: Helgdagar räknas inte

    Scenario: Påsken skjuter upp eskaleringen
      Givet att NPO psykisk hälsa har skickat "PSVF Självskada" på remiss med svar senast 2027-04-30
      När det blir 2027-03-30 och påminnelserna går ut
      Så får Sara Ek ingenting om Borlänge
      När det blir 2027-03-31 och påminnelserna går ut
      Så får Sara Ek en eskalering som sekreterare i LPO:n om Borlänge
