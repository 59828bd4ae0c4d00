-- A change a postmortem requests opens as a draft before anyone has planned its window; submitting requires one.
ALTER TABLE change_request ALTER COLUMN planned_start DROP NOT NULL, ALTER COLUMN planned_end DROP NOT NULL;
