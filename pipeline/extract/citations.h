// pipeline/extract/citations.h
//
// Archive-level completion of the citation graph. A document often cites
// another without its date ("Nghị quyết số 59-NQ/TW"); when another document
// of the archive is that document (its identity number) or cites it with a
// date, the date is filled in and Reference::date_from names the sha256 of
// the document that printed it. Called by the store/jobs layer after
// extraction; pure, no I/O.
//
// Stage: extract.

#pragma once

#include <string>
#include <vector>

#include "pipeline/model/facts.h"

namespace docpipe {

// Fills the missing dates of every reference of "documents" from the other
// documents. "shas"[i] is the sha256 of documents[i]; REQUIRES: same size
// (extra entries of the longer vector are ignored). Null pointers are
// skipped. A document's identity (number + date) wins over a citation; among
// citations the first document in order wins, so the result does not depend
// on anything but the order given. Dates printed in a document are never
// changed; a conflicting date printed elsewhere is ignored. Returns the
// number of references filled.
int FillReferenceDates(const std::vector<Extraction*>& documents,
                       const std::vector<std::string>& shas);

}  // namespace docpipe
