package nps

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// AdjustHolm returns Holm's (1979) step-down adjusted p-values, in the
// order given, controlling the family-wise error rate: with the m p-values
// sorted ascending, p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). It
// matches R's p.adjust(p, "holm"). Use it when any false flag is costly.
// A p-value outside [0, 1] or NaN is an error wrapping [ErrInvalidArgument].
//
// Source: S. Holm, "A simple sequentially rejective multiple test
// procedure", Scandinavian Journal of Statistics 6:65–70 (1979).
func AdjustHolm(p []float64) ([]float64, error) {
	order, err := sortedOrder(p)
	if err != nil {
		return nil, err
	}
	m := float64(len(p))
	adj := make([]float64, len(p))
	running := 0.0
	for rank, i := range order {
		running = math.Max(running, math.Min(1, (m-float64(rank))*p[i]))
		adj[i] = running
	}
	return adj, nil
}

// AdjustBH returns Benjamini and Hochberg's (1995) adjusted p-values
// ("q-values"), in the order given, controlling the false discovery rate:
// with the m p-values sorted ascending, p̃₍ᵢ₎ = min over j ≥ i of
// min(1, m·p₍ⱼ₎/j). It matches R's p.adjust(p, "BH"). Use it to flag
// segments or periods worth a look among many. A p-value outside [0, 1] or
// NaN is an error wrapping [ErrInvalidArgument].
//
// Source: Y. Benjamini and Y. Hochberg, "Controlling the false discovery
// rate", Journal of the Royal Statistical Society B 57:289–300 (1995).
func AdjustBH(p []float64) ([]float64, error) {
	order, err := sortedOrder(p)
	if err != nil {
		return nil, err
	}
	m := float64(len(p))
	adj := make([]float64, len(p))
	running := 1.0
	for rank := len(order) - 1; rank >= 0; rank-- {
		i := order[rank]
		running = math.Min(running, math.Min(1, m*p[i]/float64(rank+1)))
		adj[i] = running
	}
	return adj, nil
}

// sortedOrder validates p and returns the indices that sort it ascending
// (stable, so ties keep their order).
func sortedOrder(p []float64) ([]int, error) {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("%w: p-value %v at index %d is not in [0, 1]", ErrInvalidArgument, v, i)
		}
	}
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	return order, nil
}
