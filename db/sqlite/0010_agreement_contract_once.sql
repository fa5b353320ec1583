-- One generated contract per agreement version: a workflow step replayed after a crash, or two clicks on "Regenerate", store it once.
CREATE UNIQUE INDEX ux_agreement_documents_contract ON agreement_documents (agreement_id, version_number) WHERE kind = 'Contract';
