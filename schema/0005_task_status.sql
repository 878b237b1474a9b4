-- 0005: the status of each plan task as `docpipe check` last computed it
-- (issue #13: completion, timeliness and target attainment per cycle, as of
-- the end of the period the latest report covers), and the report sentences
-- it rests on, so that `docpipe export` can write tasks[].status and
-- tasks[].evidence. Each check replaces both tables; a re-extraction that
-- deletes a plan's tasks deletes their statuses with them.
CREATE TABLE task_status (
  doc_id INTEGER NOT NULL,
  task_seq INTEGER NOT NULL,
  completion TEXT NOT NULL,        -- no_information | not_completed | completed
  timeliness TEXT NOT NULL,        -- no_due_date | within_term | overdue | on_time | late
  attainment TEXT NOT NULL,        -- unknown | not_met | met | exceeded
  attainment_reason TEXT NOT NULL,
  as_of TEXT NOT NULL,
  as_of_source TEXT NOT NULL,
  cycle TEXT NOT NULL,
  cycle_start TEXT NOT NULL,
  due TEXT NOT NULL,
  completed_on TEXT NOT NULL,
  days_left INTEGER,               -- NULL without a due date
  PRIMARY KEY (doc_id, task_seq),
  FOREIGN KEY (doc_id, task_seq) REFERENCES tasks(doc_id, seq) ON DELETE CASCADE
) STRICT;

CREATE TABLE task_evidence (
  doc_id INTEGER NOT NULL,
  task_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  evidence_doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  document TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  quote TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (doc_id, task_seq, seq),
  FOREIGN KEY (doc_id, task_seq) REFERENCES task_status(doc_id, task_seq) ON DELETE CASCADE
) STRICT;
