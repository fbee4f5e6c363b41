package future_test

import (
	"context"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// msg is one ball of the ping-pong: the value and the future to answer into.
type msg struct {
	v     int
	reply *future.Future[msg]
}

// BenchmarkFuturePingPong measures one round trip between two tasks, each direction
// through a fresh future, as the peers' future_pingpong workload does: A resolves B's
// future with v and a fresh future for the reply, then awaits it; B answers v+1 the same
// way.
func BenchmarkFuturePingPong(b *testing.B) {
	b.ReportAllocs()
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		// Each future's value holds the next future, so nothing may keep the first one:
		// the whole chain of round trips would stay reachable from it. in is pong's
		// current future (the closure shares the variable), out is A's.
		in := future.New[msg](l)
		out := in
		pong := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			for {
				m, err := in.Await(ctx)
				if err != nil {
					return struct{}{}, err
				}
				if m.reply == nil {
					return struct{}{}, nil
				}
				in = future.New[msg](l)
				_ = m.reply.SetResult(msg{v: m.v + 1, reply: in})
			}
		})
		v := 0
		b.ResetTimer()
		for range b.N {
			reply := future.New[msg](l)
			_ = out.SetResult(msg{v: v, reply: reply})
			m, err := reply.Await(ctx)
			if err != nil {
				return err
			}
			v, out = m.v, m.reply
		}
		b.StopTimer()
		_ = out.SetResult(msg{})
		if _, err := pong.Await(ctx); err != nil {
			return err
		}
		if v != b.N {
			b.Fatalf("v = %d after %d round trips", v, b.N)
		}
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		b.Fatal(err)
	}
}
