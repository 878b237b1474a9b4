-- 0006: an identity field (number, date) whose digits come from OCR words
-- read with low digit confidence is stored marked uncertain (issue #12: a
-- handwritten number is read or left empty, never confidently wrong).
ALTER TABLE identity_fields ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;
