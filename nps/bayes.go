package nps

// Placeholder types so the package builds while the Bayesian code lands.

// Prior is a Dirichlet prior.
type Prior struct{ Promoters, Passives, Detractors float64 }

// JeffreysPrior returns Dirichlet(½, ½, ½).
func JeffreysPrior() Prior { return Prior{0.5, 0.5, 0.5} }

// Bayes is a Bayesian interval method.
type Bayes struct{ Prior Prior }

func (b Bayes) String() string { return "bayes" }
func (b Bayes) safeN() int     { return 0 }
func (b Bayes) interval(c counts, level float64) (bounds, error) {
	return bounds{}, argError("not yet")
}
