package closedloop_test

import (
	"fmt"
	"log"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
)

// A team open Monday to Friday 08:00–16:00 with a lunch break on Fridays,
// closed on Christmas Eve: when is a 48-hour follow-up due, in business
// hours and in calendar hours?
func ExampleCalendar_Add() {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		log.Fatal(err)
	}
	cal, err := closedloop.NewCalendar(cph,
		closedloop.Workday(time.Monday, "08:00", "16:00"),
		closedloop.Workday(time.Tuesday, "08:00", "16:00"),
		closedloop.Workday(time.Wednesday, "08:00", "16:00"),
		closedloop.Workday(time.Thursday, "08:00", "16:00"),
		closedloop.Workday(time.Friday, "08:00", "12:00"),
		closedloop.Workday(time.Friday, "12:30", "15:00"),
		closedloop.Holiday("2026-12-24"),
	)
	if err != nil {
		log.Fatal(err)
	}
	received := time.Date(2026, 12, 18, 17, 45, 0, 0, cph) // a Friday evening
	fmt.Println("business hours:", cal.Add(received, 48*time.Hour).Format("Mon 2006-01-02 15:04"))

	var calendarHours *closedloop.Calendar // nil: open round the clock
	fmt.Println("calendar hours:", calendarHours.Add(received, 48*time.Hour).Format("Mon 2006-01-02 15:04"))

	// Business time the team had between receipt and a call on Monday.
	called := time.Date(2026, 12, 21, 10, 30, 0, 0, cph)
	fmt.Println("took:", cal.Between(received, called))
	// Output:
	// business hours: Wed 2026-12-30 09:30
	// calendar hours: Sun 2026-12-20 17:45
	// took: 2h30m0s
}

// The night clocks go back in autumn has 25 hours; business time is real
// elapsed time, so a night shift from 22:00 to 06:00 is nine hours long.
func ExampleCalendar_Between() {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		log.Fatal(err)
	}
	cal, err := closedloop.NewCalendar(cph,
		closedloop.Workday(time.Saturday, "22:00", "24:00"),
		closedloop.Workday(time.Sunday, "00:00", "06:00"),
	)
	if err != nil {
		log.Fatal(err)
	}
	sat := time.Date(2026, 10, 24, 12, 0, 0, 0, cph)
	fmt.Println(cal.Between(sat, sat.Add(24*time.Hour)))
	// Output:
	// 9h0m0s
}
