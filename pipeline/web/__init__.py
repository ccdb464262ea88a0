"""``praxis serve``: the local web page over a round folder.

The page is a Starlette application rendered on the server (Jinja2 templates, a little vendored
JavaScript in ``static/``, no network). Every page calls the same library functions as the
command line; nothing of a round's logic lives here. The parts:

- :mod:`.config`: what one server knows (the round, the access token, the CSRF token, the
  allowed ``Host`` values, the limits);
- :mod:`.security`: the ASGI guard in front of everything (Host header, access token, CSRF,
  request size);
- :mod:`.rendering`: templates, the page language, one ``page()`` response;
- :mod:`.jobs`: the one writer thread (everything that changes the round runs there, in order)
  and the progress of long work;
- :mod:`.app`: the application, its routes (one module per page in :mod:`.pages`) and its
  error pages;
- :mod:`.serve`: starting uvicorn on 127.0.0.1, the lock against a second server on the round.
"""
