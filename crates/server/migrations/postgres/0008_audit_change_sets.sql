-- Every audit entry names the change set (the transaction) it was written in, so the log can
-- show one set's entries together and undo a set as a whole; an undo's entries name the set
-- they undid. Entries written before each stand alone.
ALTER TABLE audit_log ADD COLUMN change_set TEXT;
ALTER TABLE audit_log ADD COLUMN undo_of TEXT;
UPDATE audit_log SET change_set = id WHERE change_set IS NULL;

CREATE INDEX audit_log_change_set ON audit_log (environment, change_set);
CREATE INDEX audit_log_undo_of ON audit_log (environment, undo_of);
