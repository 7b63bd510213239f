# language: sv
@arbetsflöde:nationellt-kunskapsstod @R7 @R8
Egenskap: GAP-analys och implementeringsnivåer 1–3 (R7, R8)
  Efter det lokala beslutet gör varje huvudman en GAP-analys: nuläget jämförs
  med kunskapsstödet. Den är klar först med en rapport och de gap som hittades.
  Nivå 1 och 2 – kännedom och kunna använda – kan huvudmannen nå genom
  information redan medan GAP-analysen pågår; nivå 3 – innehållskunskap –
  kräver en slutförd GAP-analys. Nivåerna nås i ordning, utan att någon hoppas
  över. En huvudman är implementerad när den har nått sin målnivå.

  Bakgrund:
    Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" med målnivå 3 för Region Dalarna

  Regel: GAP-analysen kräver en rapport och de gap som hittades (R7)

    Scenario: Falun slutför sin GAP-analys
      När Anna Andersson slutför GAP-analysen för Falun med rapport "GAP 2027-09" och 3 gap
      Så står Falun i läget "Implementering pågår"
      Och är Falun på nivå 0 av 2

    Scenario: Utan antalet gap är GAP-analysen inte klar
      När Anna Andersson försöker slutföra GAP-analysen för Falun med rapport "GAP 2027-09" men utan gap
      Så nekas steget med ett besked som frågar efter antalet brister
      Och står Falun kvar i läget "GAP-analys pågår"

  Regel: Nivå 1 och 2 kan nås före GAP-analysen, nivå 3 kräver den (R7)

    Scenario: Region Dalarna når nivå 1 och 2 genom information medan GAP-analysen pågår
      Givet att det är den 2027-03-15
      När Rut Dahl registrerar att Region Dalarna nått nivå 1
      Och Rut Dahl registrerar att Region Dalarna nått nivå 2
      Så står Region Dalarna kvar i läget "GAP-analys pågår"
      Och är Region Dalarna på nivå 2 av 3
      Och ska Region Dalarna vara klar med GAP-analysen senast 2027-04-28

    Scenario: Nivå 3 går inte att nå före GAP-analysen
      Givet att Rut Dahl har registrerat att Region Dalarna nått nivå 1
      Och att Rut Dahl har registrerat att Region Dalarna nått nivå 2
      När Rut Dahl försöker registrera att Region Dalarna nått nivå 3
      Så nekas steget med ett besked som nämner "Nivå 3 (innehållskunskap) kräver en slutförd GAP-analys"
      Och står Region Dalarna kvar i läget "GAP-analys pågår"
      Och är Region Dalarna på nivå 2 av 3
      Och har ingenting nytt skrivits i historiken för Region Dalarna

    Scenario: Falun når sin målnivå före GAP-analysen och är därmed implementerad
      När Anna Andersson registrerar att Falun nått nivå 1
      Och Anna Andersson registrerar att Falun nått nivå 2
      Så står Falun i läget "Implementerad"
      Och är Falun på nivå 2 av 2
      Och har Falun ingen svarsdag kvar

    Scenario: Den nivå som nåddes före GAP-analysen står kvar när den slutförs
      Givet att Rut Dahl har registrerat att Region Dalarna nått nivå 1
      Och att Rut Dahl har registrerat att Region Dalarna nått nivå 2
      När Rut Dahl slutför GAP-analysen för Region Dalarna med rapport "GAP 2027-09" och 4 gap
      Och Rut Dahl registrerar att Region Dalarna nått nivå 3
      Så står Region Dalarna i läget "Implementerad"
      Och är Region Dalarna på nivå 3 av 3

  Regel: Nivåerna nås en i taget, och målnivån avgör när införandet är klart (R8)

    Scenario: Falun når nivå 1 och 2 och är därmed implementerad
      Givet att Anna Andersson har slutfört GAP-analysen för Falun
      När Anna Andersson registrerar att Falun nått nivå 1
      Och Anna Andersson registrerar att Falun nått nivå 2
      Så står Falun i läget "Implementerad"
      Och är Falun på nivå 2 av 2

    Scenario: Region Dalarna med målnivå 3 är inte klar på nivå 2
      Givet att Rut Dahl har slutfört GAP-analysen för Region Dalarna
      När Rut Dahl registrerar att Region Dalarna nått nivå 1
      Och Rut Dahl registrerar att Region Dalarna nått nivå 2
      Så står Region Dalarna i läget "Implementering pågår"
      Och är Region Dalarna på nivå 2 av 3

    Scenariomall: En nivå kan inte hoppas över eller tas om
      Givet att Anna Andersson har slutfört GAP-analysen för Falun
      Och att Anna Andersson har registrerat att Falun nått nivå 1
      När Anna Andersson försöker registrera att Falun nått nivå <nivå>
      Så nekas steget med ett besked som nämner "<besked>"
      Och är Falun på nivå 1 av 2

      Exempel:
        | nivå | besked              |
        | 3    | nästa nivå är 2     |
        | 1    | redan på implementeringsnivå 1 |
