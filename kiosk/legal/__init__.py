"""Offline legal information: the knowledge base, statute import, Chinese search and the pinyin pad.

Plain Python with no Kivy. A visitor screen opens one library per process::

    library = LegalLibrary.for_runtime(runtime)          # fast: nothing loaded yet
    threading.Thread(target=library.warm_up).start()     # jieba + first-use build, off the UI thread
    library.topics()                                     # tiles with their hot questions
    library.answer("epi-isolation-wages").cites          # law, status, effective date, article text
    library.search("居家隔离工资", within="curated")       # answers and guides; within="articles" for articles
    library.guide("legal_aid"), library.channels(), library.pinyin("ldht")

Every visitor-facing text has an English twin (``question_en``, ``materials_en`` ...; laws have their
official English titles): screens pick it with ``content.localised(item, "question", language)``, which
falls back to the Chinese where staff imported content without English. English words are searchable too.

Staff use ``kiosk-admin kb search|pinyin|import|stats``. Statute texts are never shipped: a centre
imports the national corpus's Markdown, or the national database's .docx files, with ``kb import``;
until then an answer's citations show law, version, status and article number without the text.
"""
