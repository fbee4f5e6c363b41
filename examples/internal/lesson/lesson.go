// Package lesson holds what the lesson programs share: a printer that stamps each line
// with the loop's time, and the main function with its -virtual flag.
package lesson

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// Printer prints a lesson's lines, each stamped with the seconds of loop time since T0:
// "1.5 reader: got hello".
type Printer struct {
	W  io.Writer
	T0 time.Time
}

// Say prints one stamped line; ctx is the context of a task or of the loop.
func (p Printer) Say(ctx context.Context, format string, args ...any) {
	l, _ := loop.Get(ctx)
	fmt.Fprintf(p.W, "%.1f %s\n", l.Time().Sub(p.T0).Seconds(), fmt.Sprintf(format, args...))
}

// Main runs a lesson on standard output: on the real clock, or on a virtual clock with
// -virtual (virtualHelp explains what that shows). An error is printed with the
// lesson's name and exits with status 1.
func Main(name, virtualHelp string, run func(w io.Writer, opts ...loop.Option) error) {
	virtual := flag.Bool("virtual", false, virtualHelp)
	flag.Parse()
	var opts []loop.Option
	if *virtual {
		opts = append(opts, loop.WithClock(loop.NewVirtualClock(time.Now())))
	}
	if err := run(os.Stdout, opts...); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
