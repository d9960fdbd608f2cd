# productive-docs in a container: a build stage with Swift runs the same script as `make dist`,
# the runtime stage is Debian slim with the binary alone (plus CA certificates for HTTPS).
#   docker build -t productive-docs .
#   docker run --rm -v "$PWD:/docs" -w /docs productive-docs lint .

FROM swift:6.3-bookworm AS build
# The static archives scripts/dist.sh links (cmark-gfm, its extensions, libxml2 and its ICU, zlib, lzma).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libicu-dev zlib1g-dev liblzma-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/dist.sh \
    && mkdir /out \
    && tar -xzf dist/productive-docs-*-linux-*.tar.gz -C /out --strip-components=1

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/productive-docs /usr/local/bin/productive-docs
WORKDIR /docs
ENTRYPOINT ["productive-docs"]
CMD ["--help"]
