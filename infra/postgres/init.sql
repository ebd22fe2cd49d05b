-- One PostgreSQL server, one role and one schema per service: each service owns its schema and can reach no
-- other (ADR 8). Run once by the postgres image on first start (docker-compose.yml); for a managed server, run it
-- as an administrator with real passwords.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE ROLE organisations LOGIN PASSWORD 'organisations-dev-password';
CREATE ROLE plans LOGIN PASSWORD 'plans-dev-password';
CREATE ROLE supplies LOGIN PASSWORD 'supplies-dev-password';
CREATE ROLE incidents LOGIN PASSWORD 'incidents-dev-password';
CREATE ROLE audit LOGIN PASSWORD 'audit-dev-password';

CREATE SCHEMA organisations AUTHORIZATION organisations;
CREATE SCHEMA plans AUTHORIZATION plans;
CREATE SCHEMA supplies AUTHORIZATION supplies;
CREATE SCHEMA incidents AUTHORIZATION incidents;
CREATE SCHEMA audit AUTHORIZATION audit;

-- Each role finds its own tables first.
ALTER ROLE organisations SET search_path = organisations;
ALTER ROLE plans SET search_path = plans;
ALTER ROLE supplies SET search_path = supplies;
ALTER ROLE incidents SET search_path = incidents;
ALTER ROLE audit SET search_path = audit;
