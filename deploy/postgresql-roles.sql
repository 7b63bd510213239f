-- kgflow on a shared PostgreSQL: who may log in, and as what. Run once, as a superuser:
--     psql -v ON_ERROR_STOP=1 -d kgflow -f deploy/postgresql-roles.sql
-- then, as kgflow_owner: KGFLOW_DATABASE_URL=postgresql://kgflow_owner@db.region.se/kgflow kgflow init
-- then deploy/postgresql-grants.sql (again after every kgflow upgrade), and one login per person
-- (deploy/postgresql-person.sql).
--
-- kgflow_owner   owns the schema, runs `kgflow init` and upgrades; an administrator of kgflow.
-- kgflow_app     a group (no login): what every person's own login is a member of.
-- kgflow_admin   a group (no login): may act on someone's behalf (recorded as such), import
--                organisations and people, restore backups. Grant it sparingly.
-- kgflow_service a group (no login): the scheduler's and the web server's own logins; they act on
--                behalf of the people they chase or authenticated, and that is recorded.
-- How each login proves who it is (SCRAM password, LDAP, Kerberos, client certificates) is
-- pg_hba.conf's business: kgflow builds no authentication of its own.
CREATE ROLE kgflow_owner LOGIN;
CREATE ROLE kgflow_app NOLOGIN;
CREATE ROLE kgflow_admin NOLOGIN IN ROLE kgflow_app;
CREATE ROLE kgflow_service NOLOGIN IN ROLE kgflow_app;
CREATE SCHEMA kgflow AUTHORIZATION kgflow_owner;
ALTER ROLE kgflow_owner SET search_path = kgflow;
-- The scheduler's login and the web server's (`kgflow serve`): one each, members of kgflow_service.
CREATE ROLE kgflow_scheduler LOGIN IN ROLE kgflow_service;
ALTER ROLE kgflow_scheduler SET search_path = kgflow;
CREATE ROLE kgflow_web LOGIN IN ROLE kgflow_service;
ALTER ROLE kgflow_web SET search_path = kgflow;
