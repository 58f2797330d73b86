#!/bin/bash
# Run by the postgres image once, when it creates the cluster: the replica of docker-compose.yml's profile "nodes"
# connects for replication as the catalogue's user, which the image's pg_hba.conf allows only from the container itself.
set -euo pipefail
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
