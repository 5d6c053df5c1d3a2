"""Live workshop mode: shared state in SQLite (default) or PostgreSQL, join codes, votes and their aggregates.

This package imports nothing heavy itself; import the submodules where they are used:

- db: make_engine(url=None) → Engine (URL from the argument, $KUNTALUOTAIN_DB_URL, or var/workshop.sqlite),
  schema migrated on creation. Keep one engine per process (st.cache_resource).
- service: the operations. Facilitator: create_workshop, reopen, set_steps, go_to_step, move_step, reveal,
  set_voting, set_show_names, hide. Participant: join, whoami, submit, withdraw, own_submissions.
  Room: get, find, version, participant_count, answer_counts, results, ranking_results, matrix_results,
  matrix_points, guesses, guess_summary, scenarios, comments. Refusals raise WorkshopError (.key, .params).
- qr: join_url, svg, png.
- export: tables, excel, csv, summary_html.

Live updates: poll service.version(engine, workshop_id) every 1–2 s (about 1 ms on SQLite, a few ms on
PostgreSQL) and use it as the cache key of anything drawn from the store.
"""
