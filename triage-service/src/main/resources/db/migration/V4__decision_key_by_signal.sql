-- A decision is looked up by its signal and deduplicated by its event id, which names its signal; one key on both
-- serves the two, so each projected decision updates one index instead of two.
alter table decision drop constraint decision_pkey;
drop index decision_by_signal;
alter table decision add primary key (signal_id, event_id);
