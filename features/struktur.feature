# language: sv
@arbetsflöde:nationellt-kunskapsstod @R1 @R18
Egenskap: Kedjan som den ser ut i Sverige: Gotland, Halland och kommunernas namn
  Region Gotland är en enda huvudman med både regionens och kommunens ansvar
  (kommunkod 0980). Region Halland hör till både Södra och Västra
  sjukvårdsregionen. Kommunerna heter formellt till exempel "Falu kommun" och
  "Säters kommun", men i vardagen "Falun" och "Säter"; båda namnen ska gå att
  använda, och det formella namnet står i brev och rapporter.

  Bakgrund:
    Givet att NPO psykisk hälsa har tagit fram "PSVF ADHD"

  Regel: Region Gotland är en huvudman och räknas en gång

    Scenario: Remissen når Region Gotland en gång, och Gotland räknas också bland kommunerna
      Givet att LPO psykisk hälsa Gotland under RPO psykisk hälsa Stockholm-Gotland har Region Gotland, som också är Gotlands kommun med kommunkod 0980
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-03-31
      Så når remissen Region Gotland en gång
      Och finns ingen annan huvudman än Region Gotland under RPO psykisk hälsa Stockholm-Gotland
      Och räknas Region Gotland bland kommunerna med kommunkod 0980

  Regel: Den som hör till två sjukvårdsregioner får remissen en gång

    Scenario: Hallands remiss kommer en gång fast Halland hör till både Södra och Västra
      Givet att LPO psykisk hälsa Halland står under RPO psykisk hälsa Södra och också under RPO psykisk hälsa Västra, med Region Halland och Halmstads kommun
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-03-31
      Så får LPO psykisk hälsa Halland remissen en gång, från RPO psykisk hälsa Södra
      Och når remissen Region Halland en gång
      Och når remissen Halmstads kommun en gång
      Och listas Halmstads kommun både under RPO psykisk hälsa Södra och under RPO psykisk hälsa Västra

  Regel: Det formella namnet står i brev och rapporter, och kortnamnet går att använda

    Scenario: Säter svarar under sitt kortnamn och påminns under sitt formella namn
      Givet att Säters kommun (kortnamn Säter, kommunkod 2082) hör till LPO psykisk hälsa Dalarna med kontaktpersonen Siv Sund
      När NPO psykisk hälsa skickar "PSVF ADHD" på remiss med svar senast 2027-03-31
      Och det blir 2027-02-15 och påminnelserna går ut
      Så får Siv Sund en påminnelse om Säters kommun
      När Siv Sund lämnar remissvar för Säter med diarienummer "SÄT-2027-1"
      Så står Säters kommun i läget "Remissvar lämnat"
      Och står Säters kommun med sitt formella namn i införandematrisen för "PSVF ADHD"
