# language: sv
@arbetsflöde:nationellt-kunskapsstod @R12
Egenskap: Ett kunskapsstöd går bara de vägar som arbetsflödet beskriver
  Som granskare vill jag kunna lita på att ingen organisation hoppar över ett
  steg i kunskapsstyrningen, att ett steg som inte är tillåtet inte ändrar
  någonting, och att varje steg som tas går att följa i efterhand.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF Självskada" på remiss med svar senast 2027-03-31

  Regel: Ett ärende går bara vidare längs arbetsflödet

    Scenario: En kommun lämnar sitt remissvar
      När Bo Lund lämnar remissvar för Borlänge med diarienummer "KS 2027/12"
      Så står Borlänge i läget "Remissvar lämnat"

    Scenariomall: Ett steg som arbetsflödet inte tillåter nekas och ändrar ingenting
      När Bo Lund försöker "<steg>" för Borlänge
      Så nekas steget med ett besked som nämner "<besked>"
      Och står Borlänge kvar i läget "På remiss"
      Och har ingenting nytt skrivits i historiken för Borlänge

      Exempel:
        | steg                         | besked                 |
        | Slutför GAP-analys           | GAP-analys pågår       |
        | Nå nästa implementeringsnivå | Implementering pågår   |
        | Fatta lokalt beslut          | Lokalt beslut ska fattas |

  Regel: Varje steg skrivs in i historiken

    Scenario: Historiken visar vem som tog vilket steg, när, varifrån och vart
      Givet att det är den 2027-02-10
      När Bo Lund lämnar remissvar för Borlänge med diarienummer "KS 2027/12"
      Så visar historiken för Borlänge att Bo Lund den 2027-02-10 tog steget "Lämna remissvar" från "På remiss" till "Remissvar lämnat"
