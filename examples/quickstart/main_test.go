package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestQuickstartTakesTheLongestSleepNotTheSum(t *testing.T) {
	clock := loop.NewVirtualClock(time.Unix(0, 0))
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(clock)))
	require.Equal(t, "hello world\n", out.String())
	require.Equal(t, 2*time.Second, clock.Now().Sub(time.Unix(0, 0)))
}

// The README shows the code between the README:begin and README:end markers verbatim.
func TestReadmeShowsThisCode(t *testing.T) {
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	_, code, ok := strings.Cut(string(src), "// README:begin\n")
	require.True(t, ok)
	code, _, ok = strings.Cut(code, "\n// README:end")
	require.True(t, ok)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "```go\n"+code+"```",
		"README.md must show examples/quickstart/main.go's code as it is")
}
