# language: sv
@arbetsflöde:nationellt-kunskapsstod @R19
Egenskap: Implementerings- och kommunikationsplan (R19)
  Ett LPO har för varje kunskapsstöd en aktivitetslista, som Östergötlands
  plan för VIP och PSVF: vilka som ska nås (målgrupp), med vad, var, vem som
  genomför och när (tidplan). Tidplanen är ett datum, en termin (VT 2027 är
  klar senast 30 juni, HT 2027 senast 31 december), "fortlöpande" eller "vid
  behov". Varje aktivitet är planerad, genomförd eller inställd. LPO:ns
  sekreterare och ordförande håller planen; den som genomför en aktivitet får
  markera den. En daterad aktivitet som passerat sin dag och fortfarande är
  planerad påminns om som ett försenat steg.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
    Och att LPO psykisk hälsa Dalarna har en implementeringsplan för "PSVF ADHD" med aktiviteterna:
      | målgrupp             | vad                 | var            | genomförande      | tidplan     |
      | LGVO                 | Information om PSVF | Möten LGVO     | Utvecklingsledare | Vid behov   |
      | Socialchefsnätverket | Information om PSVF | Möte           | Utvecklingsledare | 2027-03-31  |
      | Elevhälsonätverk     | Information om PSVF | Webbinarium    | Bo Lund           | VT 2027     |
      | Lärosäten            | Information om VIP  | Lämplig arena  | Utvecklingsledare | Fortlöpande |

  Regel: Planen visar varje aktivitet med sin tidplan och status

    Scenario: LPO Dalarnas plan för PSVF ADHD
      Så har planen aktiviteterna:
        | nr | målgrupp             | tidplan     | klar senast | status   |
        | 1  | LGVO                 | Vid behov   |             | planerad |
        | 2  | Socialchefsnätverket | 2027-03-31  | 2027-03-31  | planerad |
        | 3  | Elevhälsonätverk     | VT 2027     | 2027-06-30  | planerad |
        | 4  | Lärosäten            | Fortlöpande |             | planerad |

  Regel: LPO:ns sekreterare och ordförande håller planen, den som genomför en aktivitet markerar sin

    Scenario: Sekreteraren markerar en aktivitet som genomförd
      När Sara Ek markerar aktivitet 2 som genomförd med anteckningen "Socialchefsnätverket 2027-03-10"
      Så är aktivitet 2 genomförd med anteckningen "Socialchefsnätverket 2027-03-10"
      Och står ändringen av aktivitet 2 i historiken

    Scenario: Den som genomför en aktivitet markerar den som inställd
      När Bo Lund markerar aktivitet 3 som inställd med anteckningen "Nätverket träffas inte i vår"
      Så är aktivitet 3 inställd med anteckningen "Nätverket träffas inte i vår"

    Scenario: Någon som inte håller planen får inte ändra den
      När Vera Holm försöker markera aktivitet 2 som genomförd
      Så nekas det med ett besked som nämner "det får bara LPO:ns sekreterare eller ordförande"
      Och är aktivitet 2 planerad

  Regel: En plan läses in från ett kalkylark, allt eller inget

    Scenario: Ett kalkylark med en tidplan som inte går att läsa ändrar ingenting
      När Sara Ek läser in planen från ett kalkylark:
        | Målgrupp  | Vad         | Var  | Genomförande      | Tidplan |
        | LAG vuxna | Information | Möte | Utvecklingsledare | HT 2027 |
        | NSPH      | Information | Möte | Utvecklingsledare | snart   |
      Så nekas det med ett besked som nämner "Rad 3: Tidplanen 'snart' går inte att läsa"
      Och har planen fortfarande 4 aktiviteter, den första för LGVO

  Regel: En daterad aktivitet som passerat sin dag påminns om en gång

    Scenario: Socialchefsnätverkets information är inte markerad dagen efter sin dag
      När det blir 2027-04-01 och påminnelserna går ut
      Och påminnelserna går ut igen samma dag
      Så har Sara Ek påmints en gång om aktivitet 2 i planen
      Och har ingen påmints om aktivitet 1 eller 4 i planen

    Scenario: Den som genomför får påminnelsen, sekreteraren en eskalering fem arbetsdagar senare
      När det blir 2027-07-01 och påminnelserna går ut
      Så har Bo Lund påmints en gång om aktivitet 3 i planen
      Och har Sara Ek inte påmints om aktivitet 3 i planen
      När det blir 2027-07-08 och påminnelserna går ut
      Så har aktivitet 3 i planen eskalerats en gång till Sara Ek
      Och har Bo Lund fortfarande påmints en gång om aktivitet 3 i planen
