// Package anonymity decides which group results may be published without
// revealing individuals: the minimum group, homogeneity, differencing and
// the atom rule of package enps, over any family of groups. Packages that
// publish group results (wheel, maturity) use it; enps applies the same
// rules with its own, faster engine for org trees. It is not part of the
// public API.
package anonymity
