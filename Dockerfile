# syntax=docker/dockerfile:1
# newsenrich: a static binary (CGO off, models embedded) on a distroless
# base, run as an unprivileged user.
#
#   docker build -t newsenrich .
#   docker run --rm newsenrich run --brokers kafka:9092

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Dependencies first, so that code changes reuse the module cache layer.
COPY go.mod go.sum ./
# A dependency replaced by a patched copy (see third_party/go-dateparser/NEWSENRICH.md).
COPY third_party/go-dateparser/go.mod third_party/go-dateparser/go.sum ./third_party/go-dateparser/
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
    go build -trimpath -ldflags="-s -w" -o /out/newsenrich ./cmd/newsenrich

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsenrich /usr/local/bin/newsenrich
# The sample articles, for `newsenrich produce /usr/share/newsenrich/samples`.
COPY testdata/articles/ /usr/share/newsenrich/samples/
USER nonroot:nonroot
ENV NEWSENRICH_HTTP_ADDR=:9100 \
    NEWSENRICH_LOG_FORMAT=json
EXPOSE 9100
ENTRYPOINT ["/usr/local/bin/newsenrich"]
CMD ["run"]
