package gather

import (
	"context"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Gather2 is [Gather] of two awaitables of different types: `a, b = await
// asyncio.gather(x, y)` with typed results and no casts. The rules are Gather's.
func Gather2[A, B any](ctx context.Context, a future.Awaitable[A], b future.Awaitable[B]) (A, B, error) {
	var za A
	var zb B
	l, err := typedLoop(ctx)
	if err != nil {
		return za, zb, err
	}
	fa := ensure(ctx, l, a)
	fb := ensure(ctx, l, b)
	if err := awaitAll(ctx, l, fa, fb); err != nil {
		return za, zb, err
	}
	va, _ := fa.Result()
	vb, _ := fb.Result()
	return va, vb, nil
}

// Gather3 is [Gather] of three awaitables of different types: `a, b, c = await
// asyncio.gather(x, y, z)` with typed results and no casts. The rules are Gather's.
func Gather3[A, B, C any](ctx context.Context, a future.Awaitable[A], b future.Awaitable[B], c future.Awaitable[C]) (A, B, C, error) {
	var za A
	var zb B
	var zc C
	l, err := typedLoop(ctx)
	if err != nil {
		return za, zb, zc, err
	}
	fa := ensure(ctx, l, a)
	fb := ensure(ctx, l, b)
	fc := ensure(ctx, l, c)
	if err := awaitAll(ctx, l, fa, fb, fc); err != nil {
		return za, zb, zc, err
	}
	va, _ := fa.Result()
	vb, _ := fb.Result()
	vc, _ := fc.Result()
	return va, vb, vc, nil
}

// awaitAll gathers children whose results the caller reads itself, each with its own
// type: a gathering without results, awaited.
func awaitAll(ctx context.Context, l *loop.Loop, children ...future.Waitable) error {
	g := newGathering[struct{}](l, len(children), false)
	for _, c := range children {
		g.add(c)
	}
	g.collect = func() []struct{} { return nil }
	g.seal()
	_, err := g.Await(ctx)
	return err
}

func typedLoop(ctx context.Context) (*loop.Loop, error) {
	if task.Current(ctx) == nil {
		return nil, errNoTask
	}
	return loop.Get(ctx)
}
