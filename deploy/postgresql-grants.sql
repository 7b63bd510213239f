-- What kgflow's groups may do, after `kgflow init` (and after every upgrade), as kgflow_owner or a superuser:
--     psql -v ON_ERROR_STOP=1 -d kgflow -f deploy/postgresql-grants.sql
-- People (kgflow_app) may record steps and add items, never change or remove history (R12), never
-- touch who is who (people, roles, organisations) or change a registered workflow text.
-- A database trigger stamps every history row with the login and the database's time.
GRANT USAGE ON SCHEMA kgflow TO kgflow_app;
GRANT SELECT ON ALL TABLES IN SCHEMA kgflow TO kgflow_app;
GRANT INSERT, UPDATE ON kgflow.instance, kgflow.item, kgflow.item_version TO kgflow_app;
GRANT INSERT, UPDATE, DELETE ON kgflow.notice, kgflow.digest, kgflow.lease TO kgflow_app;
GRANT INSERT ON kgflow.history, kgflow.workflow_definition TO kgflow_app;
-- Implementation plans (R19) are kept by the LPO's secretary and chair; every change is a history row too.
GRANT INSERT, UPDATE, DELETE ON kgflow.implementation_plan, kgflow.plan_activity TO kgflow_app;
-- Follow-up answers (R14): an answer after a correction replaces the organisation's earlier ones.
GRANT INSERT, DELETE ON kgflow.followup_answer TO kgflow_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA kgflow TO kgflow_app;
-- Web sign-in (links, sessions, API tokens, counted requests, the signing secret) is the services' alone:
-- a person's own login must neither mint a session for someone else nor read the secret.
REVOKE ALL ON kgflow.sign_in_link, kgflow.web_session, kgflow.api_token, kgflow.sign_in_request, kgflow.web_secret
    FROM kgflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE
    ON kgflow.sign_in_link, kgflow.web_session, kgflow.api_token, kgflow.sign_in_request, kgflow.web_secret
    TO kgflow_service;
-- Administrators also keep the chain's people, roles and organisations (imports, the sample).
GRANT INSERT, UPDATE ON kgflow.organisation, kgflow.person, kgflow.role_assignment TO kgflow_admin;
-- Which groups are kgflow's administrators and services: the history trigger asks this table.
INSERT INTO kgflow.access_role (purpose, role_name) VALUES ('admin', 'kgflow_admin'), ('service', 'kgflow_service')
    ON CONFLICT DO NOTHING;
