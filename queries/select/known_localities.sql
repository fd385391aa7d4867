-- Every locality in the file, in display order.
SELECT locality, ics FROM survey.localities ORDER BY sort_order, locality;
