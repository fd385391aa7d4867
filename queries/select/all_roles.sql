-- Every role the file knows, with its display label, in display order.
SELECT role, label, name FROM survey.roles ORDER BY sort_order;
