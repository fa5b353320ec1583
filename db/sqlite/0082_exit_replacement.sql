-- An exit may name the agreement that replaces it, so its page can show the overlap of the two terms or the gap in cover.
ALTER TABLE exits ADD COLUMN replacement_agreement_id BLOB NULL;
