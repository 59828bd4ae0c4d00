-- Which alerts a silence muted, for ending "end when the alert resolves" silences.
create index decision_silenced_by on decision ((body -> 'decidedBy' ->> 'id')) where outcome = 'silenced';
