-- One login per person, a member of kgflow_app. Run as a superuser (or a role with CREATEROLE),
-- with the person's login and the password they choose (or leave out PASSWORD where pg_hba.conf
-- uses LDAP, Kerberos or certificates):
--     psql -v ON_ERROR_STOP=1 -d kgflow -v login=sara_ek -v password="'…'" -f deploy/postgresql-person.sql
-- then link the login to the person in kgflow, as an administrator, with an import file:
--     people:
--       - {code: sara.ek, name: Sara Ek, email: sara.ek@avesta.se, login: sara_ek}
CREATE ROLE :"login" LOGIN PASSWORD :password IN ROLE kgflow_app;
ALTER ROLE :"login" SET search_path = kgflow;
