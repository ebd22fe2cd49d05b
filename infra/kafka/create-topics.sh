#!/bin/sh
# Creates every topic of infra/kafka/topics.json on the broker given as $1 (the kafka-init service of
# docker-compose.yml runs it in the apache/kafka image, which has no jq: the JSON is read one topic per line).
# Domain topics keep events forever (money must stay traceable); dead letters are kept 30 days.
set -eu
bootstrap="$1"
file="${2:-/topics.json}"
grep '"name"' "$file" | while read -r line; do
  name=$(echo "$line" | sed 's/.*"name": *"\([^"]*\)".*/\1/')
  partitions=$(echo "$line" | sed 's/.*"partitions": *\([0-9]*\).*/\1/')
  replication=$(echo "$line" | sed 's/.*"replicationFactor": *\([0-9]*\).*/\1/')
  retention=$(echo "$line" | sed 's/.*"retention.ms": *"\([-0-9]*\)".*/\1/')
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replication" \
    --config "retention.ms=$retention" --config cleanup.policy=delete
  echo "topic $name ready"
done
