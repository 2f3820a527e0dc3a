"""Alternative provision oversight and preparing for adulthood."""
