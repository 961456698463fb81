// Package numeric holds numerical routines shared by the servicekultur
// packages that neither the standard library nor gonum provide, such as
// bracketing root finding. It also holds the correlation statistics
// (Pearson, Spearman, Fisher interval) shared by enps and wheel. It is not
// part of the public API.
package numeric
