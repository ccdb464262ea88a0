"""The questionnaire definition: model, question-type table, loading, checks, schemas."""
