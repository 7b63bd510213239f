-- What kgflow_app may do, after `kgflow init` (and after every upgrade), as kgflow_owner or a superuser:
--     psql -v ON_ERROR_STOP=1 -d kgflow -f deploy/postgresql-grants.sql
-- Everything kgflow needs — except changing or removing history: that is insert-only (R12).
GRANT USAGE ON SCHEMA kgflow TO kgflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kgflow TO kgflow_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA kgflow TO kgflow_app;
REVOKE UPDATE, DELETE, TRUNCATE ON kgflow.history FROM kgflow_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kgflow.alembic_version FROM kgflow_app;
