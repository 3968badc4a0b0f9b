-- Integrity rules Prisma's schema language cannot express. Prisma Migrate does not compare
-- functions or triggers, so these never show up as drift.
--
-- "AuditEvent" is append-only and "PolicyVersion" is immutable: rows may be inserted, never
-- changed or removed. The audit trail's hash chain detects tampering after the fact; these
-- triggers stop it from happening through the application's own database role.

-- CreateFunction
CREATE FUNCTION "reject_row_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0] says what the table is: 'append-only' or 'immutable'.
    RAISE EXCEPTION '% is %: % is not allowed', TG_TABLE_NAME, TG_ARGV[0], TG_OP
        USING HINT = 'Rows of this table can only be inserted.';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "AuditEvent_append_only"
    BEFORE UPDATE OR DELETE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "reject_row_change"('append-only');

-- CreateTrigger
CREATE TRIGGER "AuditEvent_no_truncate"
    BEFORE TRUNCATE ON "AuditEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "reject_row_change"('append-only');

-- CreateTrigger
CREATE TRIGGER "PolicyVersion_immutable"
    BEFORE UPDATE OR DELETE ON "PolicyVersion"
    FOR EACH ROW EXECUTE FUNCTION "reject_row_change"('immutable');

-- CreateTrigger
CREATE TRIGGER "PolicyVersion_no_truncate"
    BEFORE TRUNCATE ON "PolicyVersion"
    FOR EACH STATEMENT EXECUTE FUNCTION "reject_row_change"('immutable');
