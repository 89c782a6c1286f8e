# Sourced by scripts/replicas.sh (replicas as processes) and scripts/replicas_podman.sh (as containers):
# the nginx configuration of the load balancer in front of the replicas, the same in both set-ups.
#
#   balancer_conf DIR ERROR_LOG LISTEN UPSTREAM...   > nginx.conf
#
# DIR holds nginx's pid file and temporary files, ERROR_LOG is a file or `stderr`, LISTEN an nginx
# `listen` address (127.0.0.1:8080), each UPSTREAM a replica's HOST:PORT. Whether nginx runs as a
# daemon is left to its command line (`-g 'daemon off;'` in a container).
# Round robin without stickiness (runs are in the database: any replica can answer any request);
# SSE unbuffered; a replica that refuses or times out is marked down for 5 s and the request goes to
# the next one, so a stopped replica costs a client nothing but a retry inside nginx.
balancer_conf() {
  local dir="$1" error_log="$2" listen="$3" upstream
  shift 3
  cat <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $error_log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  client_max_body_size 25m;
  upstream chatkit {
EOF
  for upstream in "$@"; do echo "    server $upstream max_fails=1 fail_timeout=5s;"; done
  cat <<EOF
  }
  server {
    listen $listen;
    location / {
      proxy_pass http://chatkit;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_buffering off;
      proxy_read_timeout 300s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
EOF
}
