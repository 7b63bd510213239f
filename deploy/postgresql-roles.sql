-- kgflow on a shared PostgreSQL: one role owns the schema and runs `kgflow init`,
-- another is what secretaries and schedulers connect as. Run once, as a superuser:
--     psql -v ON_ERROR_STOP=1 -d kgflow -f deploy/postgresql-roles.sql
-- then, as kgflow_owner: KGFLOW_DATABASE_URL=postgresql://kgflow_owner@db.region.se/kgflow kgflow init
-- then deploy/postgresql-grants.sql (again after every kgflow upgrade).
CREATE ROLE kgflow_owner LOGIN;
CREATE ROLE kgflow_app LOGIN;
CREATE SCHEMA kgflow AUTHORIZATION kgflow_owner;
ALTER ROLE kgflow_owner SET search_path = kgflow;
ALTER ROLE kgflow_app SET search_path = kgflow;
