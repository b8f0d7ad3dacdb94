-- Console sign-in: a password (PBKDF2 hash, as PINs) and a role on users. Portable SQL (H2 2.x and PostgreSQL).
ALTER TABLE users ADD COLUMN password_hash VARCHAR(200);
ALTER TABLE users ADD COLUMN role VARCHAR(20) DEFAULT 'responder' NOT NULL;
