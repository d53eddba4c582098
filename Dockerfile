# MirrorMap: one app replica. Build: docker build -t mirrormap .
# Run (one replica):  docker run --rm -p 8501:8501 --read-only --tmpfs /tmp --cap-drop ALL -e MIRRORMAP_IDLE_MINUTES=10 mirrormap
# Several replicas behind a proxy with session affinity: deploy/compose.yaml and deploy/nginx.conf.
#
# Nothing is downloaded at run time: every dependency, and MediaPipe's face model inside its wheel, is
# installed here. The app itself makes no outbound connection (usage statistics off); the compose file
# also puts the replicas on an internal network with no route out. Photos stay in the process's memory.
FROM python:3.11-slim-bookworm

# OpenCV (pulled in by MediaPipe) needs libGL and GLib at import time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

WORKDIR /app

# Dependencies first (a layer that changes only with pyproject.toml): the [project] dependencies, pinned there.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The app runs from its source tree (content/ is read next to viz/).
COPY app.py ./
COPY .streamlit ./.streamlit
COPY content ./content
COPY ui ./ui
COPY viz ./viz

# A user without a login shell or a writable home beyond what Streamlit needs; the code is read-only to it.
RUN useradd --system --uid 10001 --create-home --home-dir /home/mirrormap --shell /usr/sbin/nologin mirrormap
USER mirrormap
ENV HOME=/home/mirrormap PYTHONPATH=/app MPLCONFIGDIR=/tmp/matplotlib

# Clinics: clear a session left unused this many minutes (0 or empty: off). Override with -e.
ENV MIRRORMAP_IDLE_MINUTES=10

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() == b'ok' else 1)"]

# The deployment options (tests/browser.py DEPLOYMENT_ARGS, which benchmarks/load.py measures): no file
# watcher (it would scan every imported module at each new session) and no rerun on save.
CMD ["python", "-m", "streamlit", "run", "app.py", \
     "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", \
     "--server.fileWatcherType", "none", "--server.runOnSave", "false", \
     "--browser.gatherUsageStats", "false"]
