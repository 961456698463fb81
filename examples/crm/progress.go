package main

import (
	"fmt"
	"io"
	"strings"
)

// progressBar draws a one-line progress bar, redrawn in place with a
// carriage return, as the simulation's days go by. It draws only when the
// percentage changes, and ends the line when the work is done.
type progressBar struct {
	w     io.Writer
	label string
	last  int // the percentage drawn last, -1 before the first
}

// newProgressBar returns a bar that draws on w.
func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, last: -1}
}

// barWidth is the number of cells of the bar.
const barWidth = 40

// update draws the bar for done of total steps.
func (p *progressBar) update(done, total int) {
	if total <= 0 {
		return
	}
	done = min(max(done, 0), total)
	pct := done * 100 / total
	if pct == p.last {
		return
	}
	p.last = pct
	n := done * barWidth / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% (%d/%d)", p.label,
		strings.Repeat("#", n), strings.Repeat(".", barWidth-n), pct, done, total)
	if done == total {
		fmt.Fprintln(p.w)
	}
}
